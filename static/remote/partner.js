/* Remote help, partner side: the approval prompt on any page, the live session bar, and
 * mirroring of this page (DOM snapshot + mutations + inputs + cursor + clicks) to the admin.
 * Secret fields (type=password, data-secret on the field or an ancestor, credential autocomplete
 * hints) are masked HERE, before anything leaves the browser; the server masks again. */
(function () {
  "use strict";
  var hook = document.getElementById("remote-hook");
  if (!hook || !window.WebSocket) return;
  var MASK = "\u2022\u2022\u2022\u2022\u2022\u2022";
  var SECRET_AC = ["current-password", "new-password", "one-time-code", "cc-number", "cc-csc", "cc-exp",
    "cc-exp-month", "cc-exp-year"];
  var RANK = {view: 1, edit: 2, execute: 3};
  var tab = Math.random().toString(36).slice(2, 10);
  var ids = new WeakMap(), nodes = new Map(), sent = new WeakSet(), nextId = 1;
  var sock = null, sessions = {}, mirroring = false, observer = null, pending = [], timer = null;
  var lastMove = 0, lastScroll = 0, retry = 1000;

  function $(sel) { return hook.querySelector(sel); }
  function idOf(n) {
    var i = ids.get(n);
    if (!i) { i = nextId++; ids.set(n, i); nodes.set(i, n); }
    return i;
  }
  function isSecret(el) {
    if (!el || el.nodeType !== 1) return false;
    for (var e = el; e && e.nodeType === 1; e = e.parentElement) {
      if (e.hasAttribute("data-secret")) return true;
    }
    if ((el.getAttribute("type") || "").toLowerCase() === "password") return true;
    var ac = (el.getAttribute("autocomplete") || "").toLowerCase().split(/\s+/);
    return ac.some(function (a) { return SECRET_AC.indexOf(a) >= 0; });
  }
  function skipped(n) {
    return n.nodeType === 1 && (n.tagName === "SCRIPT" || n.tagName === "NOSCRIPT" || n === hook ||
      n.hasAttribute("data-remote-ignore"));
  }
  function inHook(n) { return hook.contains(n); }

  function ser(n) {
    if (n.nodeType === 3) {
      sent.add(n);
      return {id: idOf(n), x: isSecret(n.parentElement) ? MASK : n.nodeValue};
    }
    if (n.nodeType !== 1 || skipped(n)) return null;
    var a = {}, secret = isSecret(n), tag = n.tagName.toLowerCase();
    for (var i = 0; i < n.attributes.length; i++) {
      var at = n.attributes[i];
      if (!/^on/i.test(at.name)) a[at.name] = at.value;
    }
    if (tag === "input" || tag === "textarea" || tag === "select") {
      var t = (n.type || "").toLowerCase();
      if (t === "checkbox" || t === "radio") { if (n.checked) a.checked = "checked"; else delete a.checked; }
      else if (t !== "file") a.value = n.value;
    }
    if (secret && "value" in a) a.value = a.value ? MASK : "";
    var c = [];
    for (var ch = n.firstChild; ch; ch = ch.nextSibling) {
      var s = ser(ch);
      if (s) c.push(s);
    }
    sent.add(n);
    return {id: idOf(n), t: tag, a: a, c: c};
  }
  function ref(n) {
    if (sent.has(n)) return {ref: idOf(n)};
    return ser(n);
  }

  function send(msg) {
    if (sock && sock.readyState === 1) sock.send(JSON.stringify(msg));
  }
  function mirror(kind, data) {
    if (!mirroring || document.visibilityState === "hidden") return;
    data.tab = tab;
    send({type: "mirror", kind: kind, data: data});
  }
  function snapshot() {
    mirror("snapshot", {url: location.pathname + location.search, title: document.title,
      w: window.innerWidth, h: window.innerHeight, root: ser(document.documentElement)});
  }

  function flush() {
    timer = null;
    var kids = new Map(), attrs = [], texts = [];
    pending.forEach(function (r) {
      if (inHook(r.target)) return;
      if (r.type === "childList") kids.set(r.target, true);
      else if (r.type === "attributes" && sent.has(r.target)) {
        var v = r.target.getAttribute(r.attributeName);
        if (/^on/i.test(r.attributeName)) return;
        if (r.attributeName === "value" && isSecret(r.target)) v = v ? MASK : "";
        attrs.push({id: idOf(r.target), n: r.attributeName, v: v});
      } else if (r.type === "characterData" && sent.has(r.target)) {
        var p = r.target.parentElement;
        texts.push({id: idOf(r.target), x: isSecret(p) ? MASK : r.target.nodeValue});
      }
    });
    pending = [];
    var kidList = [];
    kids.forEach(function (_, parent) {
      if (!sent.has(parent) || !document.documentElement.contains(parent)) return;
      var c = [];
      for (var ch = parent.firstChild; ch; ch = ch.nextSibling) {
        if (ch.nodeType === 1 && skipped(ch)) continue;
        if (ch.nodeType !== 1 && ch.nodeType !== 3) continue;
        var s = ref(ch);
        if (s) c.push(s);
      }
      kidList.push({p: idOf(parent), c: c});
    });
    if (kidList.length || attrs.length || texts.length) mirror("mutation", {kids: kidList, attrs: attrs, texts: texts});
  }
  function onMutations(records) {
    pending = pending.concat(records);
    if (!timer) timer = setTimeout(flush, 40);
  }
  function onInput(e) {
    var el = e.target;
    if (!sent.has(el) || inHook(el)) return;
    var secret = isSecret(el);
    var data = {id: idOf(el), value: secret ? (el.value ? MASK : "") : el.value, masked: secret};
    if (el.type === "checkbox" || el.type === "radio") data.checked = el.checked;
    mirror("input", data);
  }
  function onMove(e) {
    var now = Date.now();
    if (now - lastMove < 50) return;
    lastMove = now;
    mirror("cursor", {x: e.clientX, y: e.clientY});
  }
  function onClick(e) {
    if (inHook(e.target) || !sent.has(e.target)) return;
    mirror("click", {id: idOf(e.target), x: e.clientX, y: e.clientY});
  }
  function onScroll() {
    var now = Date.now();
    if (now - lastScroll < 100) return;
    lastScroll = now;
    mirror("scroll", {x: window.scrollX, y: window.scrollY});
  }
  function onVisible() { if (document.visibilityState === "visible" && mirroring) snapshot(); }

  function startMirror() {
    if (mirroring) return;
    mirroring = true;
    snapshot();
    observer = new MutationObserver(onMutations);
    observer.observe(document.documentElement, {childList: true, attributes: true, characterData: true, subtree: true});
    document.addEventListener("input", onInput, true);
    document.addEventListener("change", onInput, true);
    document.addEventListener("mousemove", onMove, true);
    document.addEventListener("click", onClick, true);
    window.addEventListener("scroll", onScroll, true);
    document.addEventListener("visibilitychange", onVisible);
  }
  function stopMirror() {
    if (!mirroring) return;
    mirroring = false;
    if (observer) observer.disconnect();
    document.removeEventListener("input", onInput, true);
    document.removeEventListener("change", onInput, true);
    document.removeEventListener("mousemove", onMove, true);
    document.removeEventListener("click", onClick, true);
    window.removeEventListener("scroll", onScroll, true);
    document.removeEventListener("visibilitychange", onVisible);
  }

  /* ---- the prompt and the session bar ---- */
  function fill(box, s) {
    box.querySelectorAll("[data-f]").forEach(function (el) {
      var f = el.getAttribute("data-f");
      if (f === "until") el.textContent = s.expires_at ? new Date(s.expires_at).toLocaleTimeString() : "";
      else el.textContent = s[f] == null ? "" : s[f];
    });
    box.setAttribute("data-session", s.id);
  }
  function render() {
    var list = Object.keys(sessions).map(function (k) { return sessions[k]; });
    var req = list.filter(function (s) { return s.state === "requested"; })[0];
    var act = list.filter(function (s) { return s.state === "active"; })[0];
    var prompt = $("[data-role=prompt]"), bar = $("[data-role=active]");
    prompt.hidden = !req || hook.getAttribute("data-owner") !== "1";
    if (req) {
      fill(prompt, req);
      $("#remote-level").querySelectorAll("option").forEach(function (o) {
        o.disabled = RANK[o.value] > RANK[req.requested_level];
        o.selected = o.value === req.requested_level;
      });
    }
    bar.hidden = !act;
    if (act) fill(bar, act);
    hook.hidden = prompt.hidden && bar.hidden && !$("#remote-log").children.length;
    if (act) startMirror(); else stopMirror();
  }
  function log(text) {
    var li = document.createElement("li");
    li.textContent = text;
    $("#remote-log").appendChild(li);
  }
  function command(fwd) {
    if (!fwd || fwd.tab !== tab) return;
    var el = nodes.get(fwd.id);
    if (!el || !document.documentElement.contains(el)) return;
    if (fwd.op === "fill") {
      if (isSecret(el)) return log(hook.getAttribute("data-t-secret"));  // never fill a secret for the admin
      el.value = fwd.value;
      el.dispatchEvent(new Event("input", {bubbles: true}));
      el.dispatchEvent(new Event("change", {bubbles: true}));
    } else if (fwd.op === "click") {
      el.click();
    }
  }
  function onMessage(ev) {
    var m = JSON.parse(ev.data);
    if (m.type === "hello") {
      sessions = {};
      (m.sessions || []).forEach(function (s) { sessions[s.id] = s; });
    } else if (m.type === "session") {
      if (m.session.state === "requested" || m.session.state === "active") sessions[m.session.id] = m.session;
      else {
        if (sessions[m.session.id]) log(hook.getAttribute("data-t-closed") + " " + m.session.state_label);
        delete sessions[m.session.id];
      }
    } else if (m.type === "action") {
      log(m.summary);
      command(m.result && m.result.forward);
    } else if (m.type === "chat") {
      var who = hook.getAttribute(m.side === "admin" ? "data-t-support" : "data-t-you");
      log(who + ": " + m.data.text);
    } else if (m.type === "error") {
      log(m.message);
    }
    render();
  }
  function connect() {
    var proto = location.protocol === "https:" ? "wss://" : "ws://";
    sock = new WebSocket(proto + location.host + hook.getAttribute("data-ws"));
    sock.onopen = function () { retry = 1000; };
    sock.onmessage = onMessage;
    sock.onclose = function (e) {
      stopMirror();
      if (e.code >= 4400 && e.code < 4500) return;  // refused: do not hammer the server
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 30000);
    };
  }
  function current(role) { return Number($("[data-role=" + role + "]").getAttribute("data-session")); }
  $("#remote-approve").addEventListener("click", function () {
    send({type: "approve", session: current("prompt"), level: $("#remote-level").value});
  });
  $("#remote-deny").addEventListener("click", function () { send({type: "deny", session: current("prompt")}); });
  $("#remote-end").addEventListener("click", function () { send({type: "end", session: current("active")}); });
  $("#remote-chat").addEventListener("submit", function (e) {
    e.preventDefault();
    var input = $("#remote-chat-text");
    if (input.value.trim()) send({type: "chat", session: current("active"), text: input.value});
    input.value = "";
  });
  connect();
})();
