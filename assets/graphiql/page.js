// Starts GraphiQL on the page `GET /graphiql` serves. Its settings come from the
// element's data attributes, so the page needs no inline script (its
// Content-Security-Policy allows scripts of this server only).
(function () {
  "use strict";
  var root = document.getElementById("graphiql");
  var headers = {};
  if (root.dataset.network) {
    headers.network = root.dataset.network;
  }
  var fetcher = GraphiQL.createFetcher({
    url: new URL(root.dataset.endpoint, window.location.origin).toString(),
    headers: headers,
  });
  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultEditorToolsVisibility: true,
    })
  );
})();
