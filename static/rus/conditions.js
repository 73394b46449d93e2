/* Conditional questions: a question marked data-show-if="code:option" is shown only while
   that option of that question is chosen. Without JavaScript every question stays visible
   with a note saying when to answer it; the server ignores answers that do not apply. */
(function () {
  "use strict";
  var questions = document.querySelectorAll("[data-show-if]");
  if (!questions.length) { return; }
  function chosen(code, option) {
    var inputs = document.querySelectorAll('input[name="' + code + '"]');
    for (var i = 0; i < inputs.length; i++) {
      if (inputs[i].value === option && inputs[i].checked) { return true; }
    }
    return false;
  }
  function update() {
    questions.forEach(function (q) {
      var parts = q.getAttribute("data-show-if").split(":");
      var show = chosen(parts[0], parts[1]);
      q.hidden = !show;
      var note = q.querySelector(".condition-note");
      if (note) { note.hidden = true; }
    });
  }
  document.addEventListener("change", update);
  update();
})();
