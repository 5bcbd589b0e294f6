/* Copy buttons: a button[data-copy] copies the value of the field whose id
   it names, and says so in the element "<id>-status". Without this script
   the buttons stay hidden and the fields can be copied by hand. */
(() => {
  'use strict';
  for (const button of document.querySelectorAll('button[data-copy]')) {
    const field = document.getElementById(button.dataset.copy);
    if (!field) continue;
    const status = document.getElementById(button.dataset.copy + '-status');
    button.hidden = false;
    button.addEventListener('click', async () => {
      field.select();
      try {
        await navigator.clipboard.writeText(field.value);
      } catch (e) {
        if (!document.execCommand('copy')) return;
      }
      if (status) {
        status.textContent = button.dataset.copied || '';
        setTimeout(() => { status.textContent = ''; }, 4000);
      }
    });
  }
  for (const field of document.querySelectorAll('input[readonly]')) {
    field.addEventListener('focus', () => field.select());
  }
})();
