// Onboarding tour: previous/next through the slides; works after an htmx swap too.
(function () {
  function init(root) {
    if (!root || root.dataset.ready) return;
    root.dataset.ready = "1";
    var slides = root.querySelectorAll("[data-slide]"), i = 0;
    function show(n) {
      i = Math.max(0, Math.min(slides.length - 1, n));
      slides.forEach(function (s, k) { s.hidden = k !== i; });
      root.querySelector("[data-tour-pos]").textContent = (i + 1) + " / " + slides.length;
    }
    root.querySelector("[data-tour-prev]").addEventListener("click", function () { show(i - 1); });
    root.querySelector("[data-tour-next]").addEventListener("click", function () { show(i + 1); });
  }
  init(document.querySelector("[data-tour]"));
  document.addEventListener("htmx:afterSettle", function () { init(document.querySelector("[data-tour]")); });
})();
