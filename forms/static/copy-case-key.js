// The "Copy case key" button: a real button, so Enter and Space work as well as a click.
// Shown only when this script runs; without it the key is plain text to write down.
for (const button of document.querySelectorAll('[data-copy-from]')) {
  const source = document.getElementById(button.dataset.copyFrom)
  const status = document.getElementById(`${button.dataset.copyFrom}-copied`)
  button.hidden = false
  button.addEventListener('click', async () => {
    const key = button.dataset.copyText
    try {
      await navigator.clipboard.writeText(key)
      status.textContent = 'Case key copied. Paste it somewhere safe.'
    } catch {
      // No clipboard here (an old browser or a locked-down computer): select it instead.
      window.getSelection().selectAllChildren(source)
      status.textContent = 'Case key selected: press Ctrl and C (or Cmd and C) to copy it.'
    }
  })
}
