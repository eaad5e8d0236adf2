// capa's only script. The arrow keys move between the cells of a job-plan
// grid, so the editor works from the keyboard as well as with the mouse; after
// htmx swaps part of a page, focus goes to the element the server marked
// (data-focus), so a keyboard user stays where they were.
document.addEventListener("keydown", function (event) {
  var cell = event.target.closest && event.target.closest("[data-cell]");
  if (!cell) return;
  var row = Number(cell.dataset.row), day = Number(cell.dataset.day);
  var moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
  var move = moves[event.key];
  if (!move) return;
  var next = document.querySelector('[data-cell][data-row="' + (row + move[0]) + '"][data-day="' + (day + move[1]) + '"]');
  if (next) {
    event.preventDefault();
    next.focus();
  }
});

document.addEventListener("htmx:afterSettle", function (event) {
  var target = event.detail && event.detail.elt;
  var focus = document.querySelector("[data-focus]");
  if (focus && (!target || target.contains(focus) || !document.body.contains(target))) {
    focus.focus();
  }
});

// A form the server could not use (422) answers with the same fragment and the
// errors next to their fields: swap it like a success.
document.addEventListener("htmx:beforeSwap", function (event) {
  if (event.detail.xhr && event.detail.xhr.status === 422) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// A discharge report upload (form[data-upload], sent by htmx): show how much
// of the file has gone, and let "Analyse the rest" send it again with the
// bad rows left out.
document.addEventListener("htmx:xhr:progress", function (event) {
  var form = event.target.closest && event.target.closest("form[data-upload]");
  if (!form || !event.detail.lengthComputable) return;
  var box = form.querySelector(".upload-progress");
  var bar = form.querySelector("progress");
  var pct = Math.round((event.detail.loaded / event.detail.total) * 100);
  box.hidden = false;
  bar.value = pct;
  form.querySelector("[data-progress-text]").textContent =
    pct < 100 ? pct + "% sent" : "sent; analysing";
});
// A file above the server's limit is refused before any of it is sent, with
// the server's own words: sending hundreds of megabytes only to be told so
// wastes the uploader's time, and a server that stops reading mid-upload can
// leave the browser with a broken connection instead of its answer.
document.addEventListener("htmx:beforeRequest", function (event) {
  var form = event.target.closest && event.target.closest("form[data-upload]");
  if (!form) return;
  var input = form.querySelector("input[type=file]");
  var file = input && input.files && input.files[0];
  var max = Number(form.dataset.maxBytes);
  if (!file || !max || file.size <= max) return;
  event.preventDefault();
  var box = document.createElement("div");
  box.className = "flash bad";
  box.id = "demand-refusal";
  box.setAttribute("role", "alert");
  var p = document.createElement("p");
  var strong = document.createElement("strong");
  strong.textContent = form.dataset.tooLarge;
  p.appendChild(strong);
  p.appendChild(document.createTextNode(" Nothing was sent or stored."));
  box.appendChild(p);
  var result = document.getElementById("demand-result");
  result.replaceChildren(box);
});
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-analyse-rest]");
  if (!button) return;
  var form = document.querySelector("form[data-upload]");
  if (!form) return;
  form.querySelector("[name=allow_bad_rows]").checked = true;
  form.requestSubmit();
});
