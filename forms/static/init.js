// Starts GOV.UK Frontend's components. An external module rather than an
// inline script, so the content security policy needs no 'unsafe-inline'.
import { initAll } from './govuk-frontend.min.js'

initAll()
