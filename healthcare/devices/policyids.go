package devices

import "jikimi/policy"

// PolicyIDs are the policy IDs this package names; start-up checks them
// against the policy in force (policy.CheckIDs).
var PolicyIDs = policy.IDs{Package: "healthcare/devices", Service: Service, Purposes: []string{DeliveryPurpose}}
