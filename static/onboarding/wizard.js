// Onboarding wizard: a flash message ("Welcome…") belongs to the page it came with; when HTMX swaps
// in the next step, the old message would otherwise stay on top of every following step.
(function () {
  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.detail && event.detail.target && event.detail.target.id === "wizard") {
      document.querySelectorAll("ul.messages").forEach(function (el) { el.remove(); });
    }
  });
})();
