package pages

import (
	"os"
	"testing"

	"jikimi/web/browsertest"
)

// One Chromium for the package's page tests, each Browser in a context of
// its own (starting Chromium per test takes long on a loaded machine).
func TestMain(m *testing.M) { os.Exit(browsertest.Shared(m)) }
