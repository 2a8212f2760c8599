import { escapeHtml } from './escape-html';

/**
 * The HTML document around a generated page (report, profile, docs): inline CSS, no script, and
 * a Content-Security-Policy that forbids loading anything, so the page opens from the file system
 * and looks the same anywhere. `body` is the markup inside <body>, already escaped by the caller.
 */
export function selfContainedPage(options: { title: string; styles: string; body: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(options.title)}</title>
<style>${options.styles}</style>
</head>
<body>
${options.body}
</body>
</html>
`;
}
