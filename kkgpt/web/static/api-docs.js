/* Starts Swagger UI on the API page (kept out of the HTML so the page needs no inline script). */
"use strict";
window.SwaggerUIBundle({
  url: document.getElementById("swagger-ui").dataset.openapiUrl,
  dom_id: "#swagger-ui",
  deepLinking: false,  // its links sit inside each operation's button, a control in a control (axe: nested-interactive)
});
