// Copies text to the clipboard for the Ingest page's "copy key" button. A module, not inline script: the CSP is script-src 'self'.
export function copyText(text) {
    return navigator.clipboard.writeText(text);
}
