package inspect

import (
	"math"
	"strings"
)

// reduceToSingleString mirrors Node's function of that name for compact
// mode 3: entries go on one line if the object is at most three levels
// deep and short enough, otherwise one per line (arrays of short items in
// columns).
func (s *state) reduceToSingleString(output []string, base string, braces [2]string, extrasType, recurseTimes int, numericAt func(int) bool) string {
	entries := len(output)
	if extrasType == kArrayExtrasType && entries > 6 {
		output = s.groupArrayElements(output, numericAt)
	}
	if s.currentDepth-recurseTimes < compactLevel && entries == len(output) {
		start := len(output) + s.indentationLvl + jsLen(braces[0]) + jsLen(base) + 10
		if s.isBelowBreakLength(output, start, base) {
			joined := strings.Join(output, ", ")
			if !strings.Contains(joined, "\n") {
				prefix := ""
				if base != "" {
					prefix = base + " "
				}
				return prefix + braces[0] + " " + joined + " " + braces[1]
			}
		}
	}
	indentation := "\n" + spaces(s.indentationLvl)
	prefix := ""
	if base != "" {
		prefix = base + " "
	}
	return prefix + braces[0] + indentation + "  " +
		strings.Join(output, ","+indentation+"  ") + indentation + braces[1]
}

// isBelowBreakLength mirrors Node's: the entries plus separators must fit
// in breakLength, and base must be a single line.
func (s *state) isBelowBreakLength(output []string, start int, base string) bool {
	total := len(output) + start
	if total+len(output) > s.breakLength {
		return false
	}
	for _, o := range output {
		if s.colors {
			total += jsLen(removeColors(o))
		} else {
			total += jsLen(o)
		}
		if total > s.breakLength {
			return false
		}
	}
	return base == "" || !strings.Contains(base, "\n")
}

// groupArrayElements is Node's: arrays with more than six entries are laid
// out in aligned columns when their entries are short and of similar
// length. numericAt reports whether value[i] is a number or bigint, which
// selects right alignment.
func (s *state) groupArrayElements(output []string, numericAt func(int) bool) []string {
	totalLength := 0
	maxLength := 0
	outputLength := len(output)
	if maxArrayLength < len(output) {
		// The "... n more items" entry is not part of the grid.
		outputLength--
	}
	const separatorSpace = 2
	dataLen := make([]int, outputLength)
	for i := 0; i < outputLength; i++ {
		l := stringWidth(output[i], s.colors)
		dataLen[i] = l
		totalLength += l + separatorSpace
		if maxLength < l {
			maxLength = l
		}
	}
	actualMax := maxLength + separatorSpace
	if actualMax*3+s.indentationLvl < s.breakLength &&
		(float64(totalLength)/float64(actualMax) > 5 || maxLength <= 6) {
		const approxCharHeights = 2.5
		averageBias := math.Sqrt(float64(actualMax) - float64(totalLength)/float64(len(output)))
		biasedMax := math.Max(float64(actualMax)-3-averageBias, 1)
		columns := min(
			int(jsRound(math.Sqrt(approxCharHeights*biasedMax*float64(outputLength))/biasedMax)),
			(s.breakLength-s.indentationLvl)/actualMax,
			compactLevel*4,
			15,
		)
		if columns <= 1 {
			return output
		}
		tmp := make([]string, 0, outputLength/columns+2)
		maxLineLength := make([]int, 0, columns)
		for i := 0; i < columns; i++ {
			lineMaxLength := 0
			for j := i; j < outputLength; j += columns {
				if dataLen[j] > lineMaxLength {
					lineMaxLength = dataLen[j]
				}
			}
			maxLineLength = append(maxLineLength, lineMaxLength+separatorSpace)
		}
		padLeft := true
		if numericAt != nil {
			for i := 0; i < len(output); i++ {
				if !numericAt(i) {
					padLeft = false
					break
				}
			}
		}
		for i := 0; i < outputLength; i += columns {
			maxI := min(i+columns, outputLength)
			var b strings.Builder
			j := i
			for ; j < maxI-1; j++ {
				padding := maxLineLength[j-i] + jsLen(output[j]) - dataLen[j]
				if padLeft {
					b.WriteString(padStart(output[j]+", ", padding))
				} else {
					b.WriteString(padEnd(output[j]+", ", padding))
				}
			}
			if padLeft {
				padding := maxLineLength[j-i] + jsLen(output[j]) - dataLen[j] - separatorSpace
				b.WriteString(padStart(output[j], padding))
			} else {
				b.WriteString(output[j])
			}
			tmp = append(tmp, b.String())
		}
		if maxArrayLength < len(output) {
			tmp = append(tmp, output[outputLength])
		}
		output = tmp
	}
	return output
}

// jsRound is Math.round: halves round up.
func jsRound(f float64) float64 {
	return math.Floor(f + 0.5)
}
