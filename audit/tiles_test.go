package audit

import (
	"bytes"
	"testing"

	"jikimi/errs"
)

func TestTile(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		if _, err := e.log.Tile(ctx, 0, 0, 1); errs.Code(err) != errs.NotFound {
			t.Fatalf("a tile before any checkpoint = %v", err)
		}
		pruneLog(t, e)
		cp := e.checkpoint(t) // 45 entries
		b, err := e.log.Tile(ctx, 0, 0, 45)
		if err != nil || len(b) != 45*32 || !bytes.Equal(b[32*44:], leafHash(e.hashOf(t, 45))) {
			t.Fatalf("tile 0/000.p/45: %d bytes, %v", len(b), err)
		}
		for _, w := range []int64{46, 256} {
			if _, err := e.log.Tile(ctx, 0, 0, w); errs.Code(err) != errs.NotFound {
				t.Fatalf("a tile past the tree of %d = %v", cp.Size, err)
			}
		}
		for _, bad := range [][3]int64{{-1, 0, 1}, {8, 0, 1}, {0, -1, 1}, {0, 0, 0}, {0, 0, 257}} {
			if _, err := e.log.Tile(ctx, bad[0], bad[1], bad[2]); errs.Code(err) != errs.Invalid {
				t.Fatalf("Tile%v = %v", bad, err)
			}
		}
		e.prune(t)
		if _, err := e.log.Tile(ctx, 0, 0, 45); errs.Code(err) != errs.NotFound {
			t.Fatalf("a tile of pruned leaves = %v", err)
		}
	})
}
