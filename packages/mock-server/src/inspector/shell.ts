/** The inspector's HTML: the page builds itself from its script; everything it loads comes from this server. */
export const INSPECTOR_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>assistants-mock inspector</title>
<link rel="stylesheet" href="/__assistants_mock/assets/app.css">
<script defer src="/__assistants_mock/assets/app.js"></script>
</head>
<body>
<noscript>The inspector needs JavaScript.</noscript>
</body>
</html>
`;
