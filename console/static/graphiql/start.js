// GraphiQL for the gateway, served with its assets by the gateway itself (no CDN). The page's
// #graphiql element says where to send queries and, when a console session is open, the CSRF token
// that a request with the session cookie must carry (X-CSRF-Token).
(function () {
  var root = document.getElementById("graphiql");
  var headers = {};
  if (root.dataset.csrf) headers["X-CSRF-Token"] = root.dataset.csrf;
  var fetcher = GraphiQL.createFetcher({ url: root.dataset.url, headers: headers });
  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultEditorToolsVisibility: true,
      isHeadersEditorEnabled: true,
      defaultQuery: root.dataset.example,
    })
  );
})();
