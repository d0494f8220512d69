// Small, dependency-free behaviours. Loaded from this site only (CSP script-src 'self').
(function () {
  'use strict';

  // Ctrl+Enter (or Cmd+Enter) in a note saves it: facilitators type notes live and should not need the mouse.
  document.addEventListener('keydown', function (event) {
    var target = event.target;
    if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey)) {
      return;
    }
    if (target instanceof HTMLTextAreaElement && target.dataset.submitOnCtrlEnter === 'true' && target.form) {
      event.preventDefault();
      target.form.requestSubmit();
    }
  });

  // After adding a note, put the cursor back in the note box so the next one can be typed at once.
  // Deferred until after load: Chromium clears focus when it scrolls to the #note- fragment.
  var noteBox = document.querySelector('[data-testid="add-note-form"] textarea');
  if (noteBox && (window.location.hash.indexOf('#note-') === 0 || document.querySelector('.validation-summary li'))) {
    window.addEventListener('load', function () {
      window.setTimeout(function () { noteBox.focus({ preventScroll: true }); }, 0);
    });
  }
})();
