package mydata

import "testing"

// Every field the page names exists on its struct.
func TestPagesMatchTheirStructs(t *testing.T) {
	if err := CheckPages(); err != nil {
		t.Fatal(err)
	}
}
