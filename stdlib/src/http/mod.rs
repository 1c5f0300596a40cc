//! `std/http`: the HTTP server core (`server/`); the client lives beside it.

pub mod server;
