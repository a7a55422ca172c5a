// Command yaml-oracle answers, for each workflow path read from stdin, whether go-yaml v3
// (the parser under actionlint, Scorecard's workflow reader) accepts it: one JSON line a file.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"

	"gopkg.in/yaml.v3"
)

type verdict struct {
	Path  string `json:"path"`
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := json.NewEncoder(os.Stdout)
	for in.Scan() {
		path := in.Text()
		b, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		var n yaml.Node
		v := verdict{Path: path, OK: true}
		if err := yaml.Unmarshal(b, &n); err != nil {
			v.OK = false
			v.Error = err.Error()
		}
		if err := out.Encode(v); err != nil {
			os.Exit(2)
		}
	}
}
