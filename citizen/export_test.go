package citizen

import "jikimi/web"

// CheckPages checks the package's pages against their structs.
func CheckPages() error { return web.CheckPage(pages, "signin", &signInPage{}) }
