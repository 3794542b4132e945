/* The officer's desk: small enhancements over plain HTML forms (everything works without
   this file). Drag and drop onto the upload form; live progress of a run over server-sent
   events. No inline handlers, no other script: the pages' CSP allows only this file. */
(function () {
  "use strict";

  function upload(form) {
    var input = form.querySelector("input[type=file]");
    if (!input) { return; }
    function over(event) {
      event.preventDefault();
      form.classList.add("over");
    }
    function leave(event) {
      event.preventDefault();
      form.classList.remove("over");
    }
    form.addEventListener("dragenter", over);
    form.addEventListener("dragover", over);
    form.addEventListener("dragleave", leave);
    form.addEventListener("drop", function (event) {
      leave(event);
      var files = event.dataTransfer && event.dataTransfer.files;
      if (!files || !files.length) { return; }
      input.files = files;
      if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
    });
  }

  function progress(job) {
    if (job.getAttribute("data-state") !== "running" || !window.EventSource) { return; }
    var list = job.querySelector(".job-lines");
    var bar = job.querySelector("progress");
    var label = job.querySelector("label[for=job-progress]");
    var status = job.querySelector(".job-status");
    var state = job.querySelector(".job-state");
    var refresh = job.querySelector(".job-refresh");
    if (refresh) { refresh.hidden = true; }
    var events = new EventSource(job.getAttribute("data-events"));
    events.addEventListener("line", function (event) {
      var item = document.createElement("li");
      item.textContent = JSON.parse(event.data).text;
      list.appendChild(item);
    });
    events.addEventListener("state", function (event) {
      var data = JSON.parse(event.data);
      bar.max = data.total || 1;
      bar.value = data.done;
      label.textContent = data.text;
      if (data.pending) { status.textContent = data.pending; }
    });
    events.addEventListener("end", function (event) {
      var data = JSON.parse(event.data);
      events.close();
      status.textContent = data.text;
      state.textContent = data.state_text;
      job.setAttribute("data-state", data.state);
      var cancel = job.querySelector(".job-cancel");
      if (cancel) { cancel.hidden = true; }
    });
    events.addEventListener("error", function () {
      events.close();
      if (refresh) { refresh.hidden = false; }
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form.upload"), upload);
    Array.prototype.forEach.call(document.querySelectorAll("section.job[data-events]"), progress);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
