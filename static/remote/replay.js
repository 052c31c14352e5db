/* Replay of a recorded session at 1x or 4x: events are applied in recorded order, spaced by their
 * recorded offsets divided by the speed. */
(function () {
  "use strict";
  var events = JSON.parse(document.getElementById("remote-events").textContent);
  var view = window.RemoteView(document.getElementById("remote-view"), document.getElementById("remote-cursor"));
  var i = 0, timer = null, speed = 1;
  var logEl = document.getElementById("remote-replay-log"), pos = document.getElementById("remote-replay-pos");

  function note(e) {
    if (e.kind === "snapshot" || e.kind === "mutation" || e.kind === "cursor" || e.kind === "scroll") return;
    var li = document.createElement("li");
    var d = e.data || {};
    var text = d.text || (d.result && d.result.summary) || d.name || d.state || d.value || "";
    li.textContent = "+" + (e.t / 1000).toFixed(1) + "s " + e.side + " " + e.kind + " " + text;
    li.setAttribute("data-event", e.event);
    logEl.appendChild(li);
  }
  function step() {
    var e = events[i];
    view.apply(e.kind, e.data);
    note(e);
    i += 1;
    pos.textContent = i + " / " + events.length;
    if (i >= events.length) { timer = null; document.body.setAttribute("data-replay-done", "1"); return; }
    timer = setTimeout(step, Math.max(0, (events[i].t - e.t) / speed));
  }
  function play(s) {
    if (timer) clearTimeout(timer);
    speed = s;
    i = 0;
    logEl.textContent = "";
    document.body.removeAttribute("data-replay-done");
    if (events.length) step();
  }
  document.querySelectorAll("[data-speed]").forEach(function (b) {
    b.addEventListener("click", function () { play(Number(b.getAttribute("data-speed"))); });
  });
})();
