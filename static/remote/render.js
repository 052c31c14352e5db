/* Rebuilds the partner's page from mirror events inside a sandboxed iframe (no allow-scripts:
 * nothing from the partner's page can run in the admin's browser). Used by the live console and
 * by replay. window.RemoteView(iframe, cursorEl) -> {apply(kind, data), nodeId(el), doc()} */
(function () {
  "use strict";
  function RemoteView(frame, cursor) {
    var byId = new Map(), idOf = new WeakMap(), tab = null, url = "";

    function doc() { return frame.contentDocument; }
    function build(d, dd) {
      if (d.ref) return byId.get(d.ref) || null;
      var n;
      if ("x" in d) {
        n = dd.createTextNode(d.x || "");
      } else {
        if (!d.t || d.t === "script") return null;
        try { n = dd.createElement(d.t); } catch (e) { return null; }
        Object.keys(d.a || {}).forEach(function (k) { setAttr(n, k, d.a[k]); });
        (d.c || []).forEach(function (c) { var ch = build(c, dd); if (ch) n.appendChild(ch); });
      }
      byId.set(d.id, n);
      idOf.set(n, d.id);
      return n;
    }
    function setAttr(n, k, v) {
      if (/^on/i.test(k) || k === "srcdoc") return;
      if ((k === "href" || k === "src" || k === "action") && /^\s*javascript:/i.test(v || "")) return;
      try {
        if (v === null || v === undefined) n.removeAttribute(k);
        else n.setAttribute(k, v);
      } catch (e) { return; }
      if (k === "value" && "value" in n) n.value = v || "";
      if (k === "checked" && "checked" in n) n.checked = v !== null;
    }
    function snapshot(data) {
      byId = new Map();
      tab = data.tab;
      url = data.url;
      var dd = doc();
      dd.open();
      dd.write("<!doctype html><html></html>");
      dd.close();
      dd.__remoteHooked = false;  // document.open() erased the console's listeners; re-attach them
      var root = build(data.root, dd);
      if (root) dd.replaceChild(root, dd.documentElement);
    }
    function mutation(data) {
      var dd = doc();
      (data.kids || []).forEach(function (k) {
        var parent = byId.get(k.p);
        if (!parent) return;
        var kids = (k.c || []).map(function (c) { return build(c, dd); }).filter(Boolean);
        parent.replaceChildren.apply(parent, kids);
      });
      (data.attrs || []).forEach(function (a) { var n = byId.get(a.id); if (n) setAttr(n, a.n, a.v); });
      (data.texts || []).forEach(function (t) { var n = byId.get(t.id); if (n) n.nodeValue = t.x; });
    }
    function input(data) {
      var n = byId.get(data.id);
      if (!n) return;
      if ("checked" in data && "checked" in n) n.checked = data.checked;
      else if ("value" in n) { n.value = data.value; n.setAttribute("value", data.value); }
    }
    function moveCursor(x, y, flash) {
      if (!cursor) return;
      cursor.hidden = false;
      cursor.style.left = x + "px";
      cursor.style.top = y + "px";
      if (flash) {
        cursor.classList.add("remote-click");
        setTimeout(function () { cursor.classList.remove("remote-click"); }, 300);
      }
    }
    function apply(kind, data) {
      if (kind === "snapshot") snapshot(data);
      else if (data.tab && tab && data.tab !== tab && kind !== "snapshot") return;  // another tab of the partner
      else if (kind === "mutation") mutation(data);
      else if (kind === "input") input(data);
      else if (kind === "cursor") moveCursor(data.x, data.y, false);
      else if (kind === "click") moveCursor(data.x, data.y, true);
      else if (kind === "scroll" && frame.contentWindow) frame.contentWindow.scrollTo(data.x, data.y);
    }
    return {
      apply: apply,
      doc: doc,
      tab: function () { return tab; },
      url: function () { return url; },
      nodeId: function (el) { return idOf.get(el); },
    };
  }
  window.RemoteView = RemoteView;
})();
