package store

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"strconv"
	"strings"
	"testing"
)

// TestAuditActionsListEveryAction: every Audit… string constant of this
// package is in AuditActions, once, with a label, so that the coordinator
// can filter the audit log by it and reads it by name.
func TestAuditActionsListEveryAction(t *testing.T) {
	pkgs, err := parser.ParseDir(token.NewFileSet(), ".", func(fi fs.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, 0)
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]int{}
	for _, a := range AuditActions {
		listed[a.Action]++
		if a.Label == "" || a.Label == a.Action {
			t.Errorf("%s has no label", a.Action)
		}
	}
	found := 0
	for _, f := range pkgs["store"].Files {
		ast.Inspect(f, func(n ast.Node) bool {
			vs, ok := n.(*ast.ValueSpec)
			if !ok {
				return true
			}
			for i, name := range vs.Names {
				if !strings.HasPrefix(name.Name, "Audit") || i >= len(vs.Values) {
					continue
				}
				lit, ok := vs.Values[i].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					continue
				}
				v, _ := strconv.Unquote(lit.Value)
				found++
				if listed[v] != 1 {
					t.Errorf("%s (%q) is in AuditActions %d times, want once", name.Name, v, listed[v])
				}
			}
			return true
		})
	}
	if found != len(AuditActions) {
		t.Errorf("%d Audit… constants, %d entries in AuditActions", found, len(AuditActions))
	}
}
