package stats

// K is the smallest number of people a published cell may count.
const K = 5

// Suppress decides which cells of a one-way table with a published total
// are hidden, so that no count under k can be seen or worked out:
//
//  1. every cell under k (zero included) is hidden (primary suppression);
//  2. when the total itself is under k, every cell and the total are hidden;
//  3. otherwise, while any cell is hidden and the hidden cells are fewer
//     than two or sum to under k, the smallest published cell is hidden too
//     (complementary suppression): the total minus the published cells
//     then gives only a sum of at least k spread over two or more hidden
//     cells, never one small cell.
//
// Tables are one-way only (district, age band, sex, each over the same
// participants): no cross table is published, so no two tables share a
// margin that would let a hidden cell be solved for.
func Suppress(counts []int, k int) (hidden []bool, totalHidden bool) {
	hidden = make([]bool, len(counts))
	total, sum, n := 0, 0, 0
	for i, c := range counts {
		total += c
		if c < k {
			hidden[i], sum, n = true, sum+c, n+1
		}
	}
	if total < k {
		for i := range hidden {
			hidden[i] = true
		}
		return hidden, true
	}
	for n > 0 && (n < 2 || sum < k) {
		i := smallestShown(counts, hidden)
		if i < 0 {
			break
		}
		hidden[i], sum, n = true, sum+counts[i], n+1
	}
	return hidden, false
}

func smallestShown(counts []int, hidden []bool) int {
	best := -1
	for i, c := range counts {
		if !hidden[i] && (best < 0 || c < counts[best]) {
			best = i
		}
	}
	return best
}

// shown reports whether a count of n people may be published alone.
func shown(n int) bool { return n >= K }
