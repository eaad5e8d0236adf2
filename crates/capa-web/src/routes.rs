//! The route table the router is built from: every route is registered here
//! with its method and path, so the authorisation matrix and the OpenAPI
//! check can enumerate them (`crate::route_table`), and no route can exist
//! that they do not see.

use std::fmt;

use axum::Router;
use axum::handler::Handler;
use axum::routing::{delete, get, post, put};

use crate::state::AppState;

/// An HTTP method a route answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    /// GET (and HEAD).
    Get,
    /// POST.
    Post,
    /// PUT.
    Put,
    /// DELETE.
    Delete,
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Delete => "DELETE",
        })
    }
}

/// One route: a method and a path pattern (`/teams/{team}/diary`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RouteInfo {
    /// The method.
    pub method: Method,
    /// The full path pattern.
    pub path: String,
}

/// Routes being assembled: the axum router and the table, built together.
pub struct Routes {
    router: Router<AppState>,
    table: Vec<RouteInfo>,
}

impl Default for Routes {
    fn default() -> Self {
        Self::new()
    }
}

impl Routes {
    /// No routes yet.
    pub fn new() -> Self {
        Self {
            router: Router::new(),
            table: Vec::new(),
        }
    }

    fn add(
        mut self,
        method: Method,
        path: &str,
        route: axum::routing::MethodRouter<AppState>,
    ) -> Self {
        self.router = self.router.route(path, route);
        self.table.push(RouteInfo {
            method,
            path: path.to_string(),
        });
        self
    }

    /// A GET route.
    pub fn get<H: Handler<T, AppState>, T: 'static>(self, path: &str, handler: H) -> Self {
        self.add(Method::Get, path, get(handler))
    }

    /// A POST route.
    pub fn post<H: Handler<T, AppState>, T: 'static>(self, path: &str, handler: H) -> Self {
        self.add(Method::Post, path, post(handler))
    }

    /// A POST route that receives a file: no body limit of axum's, since the
    /// handler streams the body and enforces the server's upload limit itself.
    pub fn post_upload<H: Handler<T, AppState>, T: 'static>(self, path: &str, handler: H) -> Self {
        let route = post(handler).layer(axum::extract::DefaultBodyLimit::disable());
        self.add(Method::Post, path, route)
    }

    /// A PUT route.
    pub fn put<H: Handler<T, AppState>, T: 'static>(self, path: &str, handler: H) -> Self {
        self.add(Method::Put, path, put(handler))
    }

    /// A DELETE route.
    pub fn delete<H: Handler<T, AppState>, T: 'static>(self, path: &str, handler: H) -> Self {
        self.add(Method::Delete, path, delete(handler))
    }

    /// Both sets of routes.
    pub fn merge(mut self, other: Routes) -> Self {
        self.router = self.router.merge(other.router);
        self.table.extend(other.table);
        self
    }

    /// `other`'s routes under a prefix (`/teams/{team}`); its `/` is the prefix itself.
    pub fn nest(mut self, prefix: &str, other: Routes) -> Self {
        self.router = self.router.nest(prefix, other.router);
        self.table
            .extend(other.table.into_iter().map(|r| RouteInfo {
                method: r.method,
                path: if r.path == "/" {
                    prefix.to_string()
                } else {
                    format!("{prefix}{}", r.path)
                },
            }));
        self
    }

    /// The table, in registration order.
    pub fn table(&self) -> &[RouteInfo] {
        &self.table
    }

    /// The router.
    pub fn into_router(self) -> Router<AppState> {
        self.router
    }
}
