"""Video engines: each turns one scene into one clip behind the `VideoEngine` protocol."""
