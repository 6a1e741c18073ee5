package store

import "testing"

func TestRebind(t *testing.T) {
	tests := []struct{ dialect, in, want string }{
		{SQLite, "SELECT a FROM t WHERE b = ? AND c = ?", "SELECT a FROM t WHERE b = ? AND c = ?"},
		{Postgres, "SELECT a FROM t WHERE b = ? AND c = ?", "SELECT a FROM t WHERE b = $1 AND c = $2"},
		{Postgres, "SELECT '?' FROM t WHERE b = ?", "SELECT '?' FROM t WHERE b = $1"},
		{Postgres, "SELECT 1", "SELECT 1"},
	}
	for _, tt := range tests {
		if got := Rebind(tt.dialect, tt.in); got != tt.want {
			t.Errorf("Rebind(%s, %q) = %q, want %q", tt.dialect, tt.in, got, tt.want)
		}
	}
}
