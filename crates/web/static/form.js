// Inline validation of the assessment form: counts characters as they are typed and marks a field
// that is too long before the form is sent (the server checks everything again).
document.querySelectorAll('#assess-form [data-max]').forEach(function (el) {
  var max = parseInt(el.getAttribute('data-max'), 10);
  var note = document.createElement('small');
  note.className = 'note';
  el.insertAdjacentElement('afterend', note);
  function check() {
    var n = Array.from(el.value).length;
    note.textContent = n > 0 ? n + ' / ' + max : '';
    el.setCustomValidity(n > max ? 'at most ' + max + ' characters' : '');
    el.closest('tr').classList.toggle('invalid', n > max);
  }
  el.addEventListener('input', check);
  check();
});
