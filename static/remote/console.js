/* Remote help, admin console: live view of the partner's page, actions, chat and the session log.
 * Every action goes to the server, which checks the session's state, time and level. */
(function () {
  "use strict";
  var box = document.getElementById("remote-console");
  if (!box) return;
  var view = window.RemoteView(document.getElementById("remote-view"), document.getElementById("remote-cursor"));
  var sock = null, ready = false, queue = [], picked = null, ref = 1, waiting = false;
  var T = JSON.parse(document.getElementById("remote-console-text").textContent);

  function $(id) { return document.getElementById(id); }
  function on(id, ev, fn) {  // forms above the session's level are not rendered at all
    var el = $(id);
    if (el) el.addEventListener(ev, fn);
  }
  function log(text, cls) {
    var li = document.createElement("li");
    li.textContent = new Date().toLocaleTimeString() + " " + text;
    if (cls) li.className = cls;
    $("remote-console-log").prepend(li);
  }
  function status(text, cls) {
    var s = $("remote-status");
    s.textContent = text;
    s.className = cls || "";
  }
  function onMessage(ev) {
    var m = JSON.parse(ev.data);
    if (m.type === "hello") {
      ready = true;
      status(m.session.state_label + " · " + m.session.level_label, "remote-ok");
      $("remote-expires").textContent = m.session.expires_at ? new Date(m.session.expires_at).toLocaleTimeString() : "";
      (m.events || []).forEach(function (e) { view.apply(e.kind, e.data); });
      queue.splice(0).forEach(function (q) { sock.send(JSON.stringify(q)); });
    } else if (m.type === "event") {
      view.apply(m.kind, m.data);
      if (m.kind === "snapshot") $("remote-url").textContent = m.data.url;
    } else if (m.type === "session") {
      status(m.session.state_label, m.session.state === "active" ? "remote-ok" : "remote-bad");
      log(T.state + ": " + m.session.state_label);
    } else if (m.type === "action") {
      log(T.action + ": " + m.summary);
    } else if (m.type === "action.ok") {
      $("remote-result").textContent = m.result.summary || "";
    } else if (m.type === "chat") {
      log((m.side === "admin" ? T.you : T.partner) + ": " + m.data.text, "remote-chat");
    } else if (m.type === "error") {
      $("remote-result").textContent = m.message;
      log(T.error + ": " + m.message, "remote-bad");
    } else if (m.type === "refused") {
      if (m.state === "requested" && !queue.length) { waiting = true; return; }
      $("remote-result").textContent = T.refused + ": " + m.message + " (" + m.code + ")";
      log(T.refused + ": " + m.message, "remote-bad");
    }
  }
  function connect() {
    var proto = location.protocol === "https:" ? "wss://" : "ws://";
    ready = false;
    sock = new WebSocket(proto + location.host + box.getAttribute("data-ws"));
    sock.onmessage = onMessage;
    sock.onclose = function (e) {
      ready = false;
      if (waiting) {  // the partner has not answered yet: ask again shortly
        waiting = false;
        status(T.waiting, "");
        setTimeout(connect, 1500);
        return;
      }
      var why = T.codes[String(e.code)] || T.closed;
      status(why + " (" + e.code + ")", "remote-bad");
      if (queue.length) {
        queue = [];
        $("remote-result").textContent = T.refused + ": " + why + " (" + e.code + ")";
      }
    };
  }
  // An action on a closed socket reconnects first: the server decides whether it is still allowed.
  function send(msg) {
    msg.ref = ref++;
    if (sock && ready && sock.readyState === 1) return sock.send(JSON.stringify(msg));
    queue.push(msg);
    if (!sock || sock.readyState > 1) connect();
  }
  function action(name, params) {
    $("remote-result").textContent = T.sending;
    send({type: "action", name: name, params: params});
  }

  // Pick an element in the mirrored page (and, in click mode, click it on the partner's page).
  function hookFrame() {
    var d = view.doc();
    if (!d || d.__remoteHooked) return;
    d.__remoteHooked = true;
    d.addEventListener("click", function (e) {
      e.preventDefault();
      var id = view.nodeId(e.target);
      if (!id) return;
      picked = id;
      var t = e.target;
      $("remote-picked").textContent = t.tagName.toLowerCase() + (t.name ? "[name=" + t.name + "]" : "") +
        (t.id ? "#" + t.id : "");
      if ($("remote-click-mode") && $("remote-click-mode").checked) action("browser.click", {id: id, tab: view.tab()});
    }, true);
    d.addEventListener("submit", function (e) { e.preventDefault(); }, true);
  }
  setInterval(hookFrame, 300);

  on("remote-product-form", "submit", function (e) {
    e.preventDefault();
    var f = e.target.elements;  // not form.title: that is the form's own title attribute
    action("product.update", {product_id: f.product_id.value, title: f.title.value, price: f.price.value,
      description: f.description.value});
  });
  on("remote-upload-form", "submit", function (e) {
    e.preventDefault();
    var file = e.target.elements.file.files[0];
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () {
      action("product.image_add", {product_id: $("remote-product").value, name: file.name,
        content: String(reader.result).split(",")[1] || ""});
    };
    reader.readAsDataURL(file);
  });
  on("remote-fill-form", "submit", function (e) {
    e.preventDefault();
    if (!picked) { $("remote-result").textContent = T.pick; return; }
    action("browser.fill", {id: picked, tab: view.tab(), value: e.target.elements.value.value});
  });
  document.querySelectorAll("[data-remote-action]").forEach(function (b) {
    b.addEventListener("click", function () { action(b.getAttribute("data-remote-action"), {}); });
  });
  on("remote-chat-form", "submit", function (e) {
    e.preventDefault();
    var t = e.target.elements.text;
    if (t.value.trim()) send({type: "chat", text: t.value});
    t.value = "";
  });
  on("remote-end-admin", "click", function () { send({type: "end"}); });
  connect();
})();
