// Starts GOV.UK Frontend's components. A separate file rather than an inline
// script so the Content-Security-Policy can forbid inline scripts.
import { initAll } from '/assets/govuk-frontend.min.js'
document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()
