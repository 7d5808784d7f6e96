// The timeout warning (issue 17, item 13), loaded by the layout for signed-in pages only.
// A modal dialog opens before the idle timeout: "Stay signed in" (or Escape) keeps the session through
// /session/keep-alive; "Sign out" signs out. If nobody answers, the page signs out and what was typed on it
// goes with the sign-out, to be kept for an hour (the server decides what it keeps; passwords never are).
// The seconds left always come from the server, so the page's own clock does not matter.
// Without JavaScript nothing here runs and the server's timeout works as before.

const root = document.querySelector('[data-hearth-session-timeout]');
const dialog = root && root.querySelector('dialog');

if (root && dialog && typeof dialog.showModal === 'function') {
  const warningMs = Number(root.dataset.warningSeconds) * 1000;
  const csrf = root.dataset.csrf || '';
  const countdown = dialog.querySelector('[data-countdown]');
  const said = dialog.querySelector('[data-countdown-said]');
  let deadline = 0;
  let timer = 0;
  let ticker = 0;
  let returnFocus = null;
  let typedForm = null;
  let lastSaid = '';

  // "We keep what you have typed" only where there is something to type: a form outside the dialog with a text box,
  // a list or a choice (the header's sign-out button is a form too, with nothing to type).
  const typeable = [...document.querySelectorAll('form[method="post" i]')].some(
    (form) =>
      !dialog.contains(form) && form.querySelector('textarea, select, input:not([type="hidden"]):not([type="submit"])'),
  );
  if (!typeable) {
    const kept = dialog.querySelector('#session-timeout-kept');
    if (kept) kept.hidden = true;
    dialog.setAttribute('aria-describedby', 'session-timeout-said');
  }

  // Remember the form someone has typed in, to keep its text if the page has to sign out.
  document.addEventListener('input', (event) => {
    const form = event.target && event.target.form;
    if (form && form.method === 'post' && !dialog.contains(form)) typedForm = form;
  });

  const words = (seconds) => {
    if (seconds >= 60) {
      const minutes = Math.ceil(seconds / 60);
      return `${minutes} minute${minutes === 1 ? '' : 's'}`;
    }
    return `${seconds} second${seconds === 1 ? '' : 's'}`;
  };

  // What a screen reader hears: whole minutes, then every 15 seconds in the last minute (not every second).
  const spoken = (seconds) => words(seconds >= 60 ? Math.ceil(seconds / 60) * 60 : Math.ceil(seconds / 15) * 15);

  const schedule = (remainingSeconds) => {
    deadline = performance.now() + remainingSeconds * 1000;
    window.clearTimeout(timer);
    timer = window.setTimeout(warn, Math.max(0, remainingSeconds * 1000 - warningMs));
  };

  const secondsLeft = () => Math.max(0, Math.ceil((deadline - performance.now()) / 1000));

  const ask = async (url, options) => {
    // A session that has ended answers with a redirect to sign in: not followed, or fetching the sign-in page
    // would replace the session cookie that lets the sign-out keep what was typed.
    const response = await fetch(url, {
      credentials: 'same-origin',
      redirect: 'manual',
      headers: { accept: 'application/json' },
      ...options,
    });
    const type = response.headers.get('content-type') || '';
    if (!response.ok || response.redirected || !type.includes('application/json')) return null;
    const body = await response.json();
    return typeof body.remainingSeconds === 'number' ? body.remainingSeconds : null;
  };

  const tick = () => {
    const seconds = secondsLeft();
    if (countdown) countdown.textContent = words(seconds);
    const phrase = `For your security, we will sign you out in ${spoken(seconds)}.`;
    if (said && phrase !== lastSaid) {
      said.textContent = phrase;
      lastSaid = phrase;
    }
    if (seconds <= 0) timeUp();
  };

  async function warn() {
    // Another tab may have kept the session going: ask before interrupting.
    const remaining = await ask('/session/status').catch(() => null);
    if (remaining === null || remaining <= 0) return signOut(); // the server has already ended it
    if (remaining * 1000 > warningMs + 1000) return schedule(remaining);
    deadline = performance.now() + remaining * 1000;
    if (!dialog.open) {
      returnFocus = document.activeElement;
      lastSaid = '';
      dialog.showModal();
      dialog.focus();
    }
    tick();
    window.clearInterval(ticker);
    ticker = window.setInterval(tick, 1000);
  }

  const close = () => {
    window.clearInterval(ticker);
    if (dialog.open) dialog.close();
    if (returnFocus && typeof returnFocus.focus === 'function') returnFocus.focus();
  };

  async function stay() {
    const remaining = await ask('/session/keep-alive', {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf }).toString(),
    }).catch(() => null);
    if (remaining === null) return signOut();
    close();
    schedule(remaining);
  }

  async function timeUp() {
    window.clearInterval(ticker);
    const remaining = await ask('/session/status').catch(() => null);
    if (remaining !== null && remaining > 0) {
      // Kept going from another tab.
      close();
      return schedule(remaining);
    }
    signOut();
  }

  // Signs out through the ordinary form, carrying what was typed on the page (never passwords or files).
  function signOut() {
    window.clearInterval(ticker);
    const form = document.createElement('form');
    form.method = 'post';
    form.action = '/sign-out';
    form.hidden = true;
    const add = (name, value) => {
      const field = document.createElement('textarea');
      field.name = name;
      field.value = value;
      form.append(field);
    };
    add('_csrf', csrf);
    add('_timeout', '1');
    if (typedForm && document.contains(typedForm)) {
      const secret = new Set(
        [...typedForm.querySelectorAll('input[type="password"], input[type="file"]')].map((input) => input.name),
      );
      for (const [name, value] of new FormData(typedForm)) {
        if (typeof value === 'string' && !secret.has(name) && !name.startsWith('_')) add(name, value);
      }
    }
    document.body.append(form);
    form.submit();
  }

  dialog.querySelector('[data-stay]').addEventListener('click', stay);
  // Escape means "carry on", as in GOV.UK's pattern: keep the session rather than just hiding the warning.
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault();
    stay();
  });

  schedule(Number(root.dataset.remainingSeconds) || 0);
}
