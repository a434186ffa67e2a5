// The report's progress bar: poll the job's status until it finishes (no inline script).
(function () {
  var box = document.getElementById("job");
  if (!box) { return; }
  var bar = box.querySelector("[data-testid=job-progress]");
  var status = box.querySelector("[data-testid=job-status]");
  var error = box.querySelector("[data-testid=job-error]");
  var download = box.querySelector("[data-testid=job-download]");
  function show(progress) {
    bar.style.width = progress + "%";
    bar.textContent = progress + "%";
    bar.parentNode.setAttribute("aria-valuenow", progress);
  }
  show(parseInt(bar.getAttribute("data-width"), 10) || 0);
  if (box.getAttribute("data-finished") === "1") { return; }
  function poll() {
    fetch(box.getAttribute("data-status-url"), { headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("stop"); }
        return response.json();
      })
      .then(function (job) {
        show(job.progress);
        status.textContent = job.status_label;
        status.setAttribute("data-status", job.status);
        if (job.status === "failed") { error.textContent = job.error; error.classList.remove("d-none"); }
        if (job.download) { download.classList.remove("d-none"); }
        if (job.finished) {
          bar.classList.remove("progress-bar-animated", "progress-bar-striped");
          // Cancel no longer applies; a failed or cancelled job reloads to offer retry.
          var cancel = document.querySelector("[data-testid=job-cancel]");
          if (cancel) { cancel.closest("form").remove(); }
          if (job.status !== "done") { window.location.reload(); }
          return;
        }
        window.setTimeout(poll, 700);
      })
      .catch(function (error) {
        // A lost connection retries; a refusal (logged out, not found) stops polling.
        if (error.message !== "stop") { window.setTimeout(poll, 3000); }
      });
  }
  window.setTimeout(poll, 400);
})();
