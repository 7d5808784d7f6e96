// Progressive enhancement only: every page works without this file.
import { initAll } from '/govuk/govuk-frontend.min.js';

document.body.classList.add('js-enabled');
if ('noModule' in HTMLScriptElement.prototype) {
  document.body.classList.add('govuk-frontend-supported');
  initAll();
  // GOV.UK's radios reveal a chosen option's questions and mark the radio aria-expanded, which ARIA does not allow
  // on a radio (govuk-frontend issue 979; axe refuses it). The reveal stays GOV.UK's; the attribute is taken off
  // after each of its updates (it updates on click and on pageshow, before these listeners run).
  const unexpandRadios = () => {
    for (const radio of document.querySelectorAll('.govuk-radios__input[aria-expanded]')) {
      radio.removeAttribute('aria-expanded');
    }
  };
  unexpandRadios();
  document.addEventListener('click', unexpandRadios);
  globalThis.addEventListener('pageshow', unexpandRadios);
  // MoJ Frontend is fetched only by pages that use one of its components
  // (render such a page with mojFrontend: true so its stylesheet is linked too).
  if (document.querySelector('[data-module^="moj-"]')) {
    import('/moj/moj-frontend.min.js').then((moj) => moj.initAll());
  }
}
