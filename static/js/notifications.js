// The unread count beside "Thông báo" in the navigation bar, asked for after the page
// has loaded: no page pays a query for it.
(function () {
  "use strict";
  var link = document.querySelector("[data-unread-url]");
  if (!link || !window.fetch) {
    return;
  }
  fetch(link.getAttribute("data-unread-url"), {
    credentials: "same-origin",
    headers: { Accept: "application/json" },
  })
    .then(function (answer) {
      return answer.ok ? answer.json() : null;
    })
    .then(function (data) {
      var badge = link.querySelector("[data-testid='unread-count']");
      if (data && badge && data.unread > 0) {
        badge.textContent = data.unread > 99 ? "99+" : String(data.unread);
        badge.classList.remove("d-none");
      }
    })
    .catch(function () {});
})();
