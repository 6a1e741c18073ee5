package rights

import (
	"context"
	"encoding/json"
	"net/http"

	"jikimi/vault"
)

// Export writes a machine-readable copy of everything the service holds of
// the signed-in subject (전송요구, Act 35-2): JSON for everything. The read
// is a download through the gate, logged for the purpose rights.
func (s *Service) Export(ctx context.Context, w http.ResponseWriter, actor vault.Actor, service, format string) error {
	if format != "" && format != "json" {
		return invalid("unknown_format", "format is json")
	}
	a, err := s.accessAnswer(ctx, actor, service, actor.ID, vault.Download)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="jikimi-`+service+`.json"`)
	w.WriteHeader(http.StatusOK)
	return json.NewEncoder(w).Encode(a)
}
