// Progressive enhancement only: every page works without this file.
import { initAll } from '/govuk/govuk-frontend.min.js';

document.body.classList.add('js-enabled');
if ('noModule' in HTMLScriptElement.prototype) {
  document.body.classList.add('govuk-frontend-supported');
  initAll();
  // MoJ Frontend is fetched only by pages that use one of its components
  // (render such a page with mojFrontend: true so its stylesheet is linked too).
  if (document.querySelector('[data-module^="moj-"]')) {
    import('/moj/moj-frontend.min.js').then((moj) => moj.initAll());
  }
}
