// OpenOCMW's own script. The Content-Security-Policy allows scripts from this site only (no
// inline script or event attribute), so behaviour that a template needs is declared with a
// data- attribute and attached here.
(function () {
  "use strict";
  function attach(root) {
    root.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
      if (select.dataset.submitAttached) return;
      select.dataset.submitAttached = "1";
      select.addEventListener("change", function () {
        if (select.form) select.form.submit();
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { attach(document); });
  document.addEventListener("htmx:load", function (event) { attach(event.target); });
})();
