// The reporter's forms' small helps (report form, follow-up reply). Each is a help, not a gate:
// the server checks everything.

// "Your details" only under Named and Confidential (GOV.UK conditional reveal). Without this
// script they stay shown, labelled for named and confidential reports only.
const details = document.getElementById('reporter-details')
const identities = document.querySelectorAll('input[name="identity_mode"]')
function revealDetails () {
  const chosen = document.querySelector('input[name="identity_mode"]:checked')
  details.hidden = !chosen || chosen.value === 'anonymous'
}
if (details && identities.length) {
  for (const identity of identities) identity.addEventListener('change', revealDetails)
  revealDetails()
}

// A long paste is cut to the box's limit, never sent too large to read; say so at once.
// GOV.UK's character count removes maxlength as it starts, so it is put back here.
for (const box of document.querySelectorAll('textarea[data-hard-limit]')) {
  const limit = Number(box.dataset.hardLimit)
  box.maxLength = limit
  const message = document.createElement('p')
  message.className = 'govuk-body govuk-!-font-weight-bold'
  message.setAttribute('role', 'status')
  box.insertAdjacentElement('afterend', message)
  box.addEventListener('paste', (event) => {
    const pasted = event.clipboardData ? event.clipboardData.getData('text') : ''
    const room = limit - box.value.length + (box.selectionEnd - box.selectionStart)
    message.textContent = pasted.length > room
      ? `That was too long to paste whole: only the first ${room.toLocaleString('en-GB')} ` +
        `characters were kept. The limit is ${limit.toLocaleString('en-GB')}.`
      : ''
  })
}

// A "Change" link lands here with the question's id after #: put the cursor in it.
const target = window.location.hash && document.getElementById(window.location.hash.slice(1))
if (target && target.matches('input, textarea, select')) target.focus()
