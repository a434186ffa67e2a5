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

// 3. Amounts (inputs marked data-money, the MoneyField): the digits are grouped by threes
//    with dots as they are typed, "150000000" reads "150.000.000"; the server accepts both.
//    The caret stays after the same digit.
(function () {
  function group(digits) {
    return digits.replace(/^0+(?=\d)/, "").replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }
  function reformat(input) {
    var value = input.value;
    if (!/^[\d.\s\u00a0]*$/.test(value)) { return; } // leave anything else to the server
    var caret = input.selectionStart === null ? value.length : input.selectionStart;
    var digitsBefore = value.slice(0, caret).replace(/\D/g, "").length;
    var grouped = group(value.replace(/\D/g, ""));
    if (grouped === value) { return; }
    input.value = grouped;
    var position = 0;
    for (var seen = 0; position < grouped.length && seen < digitsBefore; position++) {
      if (/\d/.test(grouped[position])) { seen++; }
    }
    if (document.activeElement === input) { input.setSelectionRange(position, position); }
  }
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("input[data-money]")) {
      reformat(event.target);
    }
  });
  window.khuyencongMoney = {
    value: function (input) { return parseInt((input.value || "").replace(/\D/g, ""), 10) || 0; },
    format: function (n) { return group(String(Math.max(0, Math.round(n)))); },
    reformat: reformat,
  };
  document.querySelectorAll("input[data-money]").forEach(reformat);
})();

// 4. An error summary ("Có lỗi cần sửa") takes the focus when the page loads; its links
//    move the focus to the field they name.
(function () {
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) { return; }
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) { return; }
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) { return; }
    event.preventDefault();
    var box = field.closest(".mb-3, td, .form-group") || field;
    box.scrollIntoView({ block: "center" });
    if (field.tomselect) { field.tomselect.focus(); } else { field.focus(); }
  });
})();
