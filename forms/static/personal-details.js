// Warns as the reporter types when the text looks like it identifies a child or family.
// The same check runs on the server when they continue, so this is a help, not a gate.
const DELAY_MS = 700

function render (region, findings) {
  region.replaceChildren()
  if (!findings.length) return
  const heading = document.createElement('p')
  heading.className = 'govuk-body govuk-!-font-weight-bold'
  heading.textContent = 'Check for details that could identify a child or family:'
  const list = document.createElement('ul')
  list.className = 'govuk-list govuk-list--bullet'
  for (const finding of findings) {
    const item = document.createElement('li')
    item.textContent = `“${finding.found}” looks like ${finding.label}. ${finding.suggestion}`
    list.append(item)
  }
  region.append(heading, list)
}

for (const field of document.querySelectorAll('[data-personal-details-check]')) {
  const region = document.getElementById(`${field.id}-personal-details`)
  const token = field.form.querySelector('input[name="csrf_token"]').value
  let timer
  field.addEventListener('input', () => {
    clearTimeout(timer)
    timer = setTimeout(async () => {
      try {
        const response = await fetch(field.dataset.personalDetailsCheck, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-CSRFToken': token },
          body: JSON.stringify({ text: field.value })
        })
        if (response.ok) render(region, (await response.json()).findings)
      } catch {
        // Offline or the server is busy: the check on "Continue" still runs.
      }
    }, DELAY_MS)
  })
}
