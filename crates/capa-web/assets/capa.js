// capa's only script: arrow keys move between the cells of a job-plan grid,
// so the editor works from the keyboard as well as with the mouse.
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
