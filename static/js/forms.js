// Loaded on every page (no inline script anywhere).
// 1. A form, or the button that submits it, marked data-confirm="question" asks first.
// 2. A POST form, once sent, disables its buttons: a double tap on a slow phone sends it
//    once. The buttons come back if the page is shown again (back button) or after 15 s.
(function () {
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var question = (submitter && submitter.getAttribute("data-confirm")) ||
      form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); return; }
    if (event.defaultPrevented || (form.method || "").toLowerCase() !== "post") { return; }
    if (form.dataset.sending === "1") { event.preventDefault(); return; }
    form.dataset.sending = "1";
    // After this tick, so the clicked button's name and value are still sent.
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]")
        .forEach(function (button) { button.disabled = true; });
    }, 0);
    window.setTimeout(function () { release(form); }, 15000);
  });

  function release(form) {
    delete form.dataset.sending;
    form.querySelectorAll("button, input[type=submit]").forEach(function (button) {
      button.disabled = false;
    });
  }

  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-sending]").forEach(release);
  });
})();
