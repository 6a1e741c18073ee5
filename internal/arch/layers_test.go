package arch

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

const archPage = "docs/architecture.md"

// layers reads the layer table of docs/architecture.md: package -> layer.
func layers(t *testing.T) map[string]int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", archPage))
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile(`(?m)^\| (\d+) [^|]+\|[^|]*\|([^\n]*)\|$`)
	pkg := regexp.MustCompile("`([a-z0-9_/]+)`")
	out := map[string]int{}
	for _, m := range row.FindAllStringSubmatch(string(b), -1) {
		n, _ := strconv.Atoi(m[1])
		for _, p := range pkg.FindAllStringSubmatch(m[2], -1) {
			if prev, ok := out[p[1]]; ok {
				t.Errorf("%s names %s in layers %d and %d: name it once", archPage, p[1], prev, n)
			}
			out[p[1]] = n
		}
	}
	if len(out) < 10 {
		t.Fatalf("found only %d packages in the layer table of %s: is the table still there?", len(out), archPage)
	}
	return out
}

// docs/architecture.md names every package in a layer, and a package
// imports only its own layer and the layers above it in the table.
func TestLayers(t *testing.T) {
	layer := layers(t)
	files := goFiles(t)
	for dir := range layer {
		if _, ok := files[dir]; !ok {
			t.Errorf("%s names package %s, which does not exist: remove it from the layer table", archPage, dir)
		}
	}
	dirs := make([]string, 0, len(files))
	for dir := range files {
		dirs = append(dirs, dir)
	}
	sort.Strings(dirs)
	for _, dir := range dirs {
		imports := map[string]bool{}
		for _, f := range files[dir] {
			for _, imp := range f.Imports {
				if p, ok := strings.CutPrefix(strings.Trim(imp.Path.Value, `"`), "jikimi/"); ok {
					imports[p] = true
				}
			}
		}
		mine, ok := layer[dir]
		if !ok {
			t.Errorf("package %s is not named in %s: add `%s` to the packages of its layer in the table under \"## Layers\"%s",
				dir, archPage, dir, lowest(layer, imports))
			continue
		}
		for imp := range imports {
			if l, ok := layer[imp]; ok && l > mine {
				t.Errorf("%s (layer %d) imports %s (layer %d): a package imports only its own layer and the layers above it in %s", dir, mine, imp, l, archPage)
			}
		}
	}
}

// lowest says which layer a package's imports allow at the lowest.
func lowest(layer map[string]int, imports map[string]bool) string {
	low := 1
	for imp := range imports {
		low = max(low, layer[imp])
	}
	return fmt.Sprintf(" (its imports allow layer %d or a later one)", low)
}
