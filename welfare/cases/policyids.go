package cases

import (
	"jikimi/policy"
	"jikimi/vault"
)

// PolicyIDs are the policy IDs this package names; start-up checks them
// against the policy in force (policy.CheckIDs).
var PolicyIDs = policy.IDs{Package: "welfare/cases", Service: Service,
	Purposes: []string{purposeApplication, purposeHelp, purposeFraud, purposeSearch, purposeMyWelfare},
	Rules:    []string{purposeApplication + "/draft", purposeApplication + "/details", purposeApplication + "/history"},
	Scopes:   []string{vault.KeepScope(purposeSearch)},
	Roles:    []string{CaseworkerRole}}
