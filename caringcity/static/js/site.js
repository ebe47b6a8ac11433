// Small progressive enhancements. Everything works without this file.
(function () {
  "use strict";
  // Move focus to the error summary so screen reader users hear what to fix first.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
  // Print buttons only appear when JavaScript can press print for you.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
