package pages

import "testing"

// Every field each page names exists on its struct.
func TestPagesMatchTheirStructs(t *testing.T) {
	if err := CheckPages(); err != nil {
		t.Fatal(err)
	}
}
