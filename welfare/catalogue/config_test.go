package catalogue

import (
	"testing"

	"jikimi/errs"
)

func TestStageBounds(t *testing.T) {
	t.Parallel()
	c := DefaultConfig()
	tests := []struct {
		name string
		age  int
		want Stage
	}{
		{"not born", -1, 0},
		{"newborn", 0, StageInfant},
		{"last infant year", 5, StageInfant},
		{"first child year", 6, StageChild},
		{"last child year", 12, StageChild},
		{"first teen year", 13, StageTeen},
		{"last teen year", 18, StageTeen},
		{"first young-adult year", 19, StageYoungAdult},
		{"last young-adult year", 34, StageYoungAdult},
		{"first middle-aged year", 35, StageMiddleAged},
		{"last middle-aged year", 64, StageMiddleAged},
		{"first senior year", 65, StageSenior},
		{"very old", 120, StageSenior},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := c.stageAt(tt.age); got != tt.want {
				t.Fatalf("stageAt(%d) = %v, want %v", tt.age, got, tt.want)
			}
		})
	}
}

func TestConfigValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(*Config)
	}{
		{"child from 0", func(c *Config) { c.Ages.Child = 0 }},
		{"teen before child", func(c *Config) { c.Ages.Teen = 5 }},
		{"equal bounds", func(c *Config) { c.Ages.MiddleAged = c.Ages.YoungAdult }},
		{"senior past 150", func(c *Config) { c.Ages.Senior = 151 }},
		{"no children count", func(c *Config) { c.ManyChildren = 0 }},
		{"no children age", func(c *Config) { c.ManyChildrenBelowAge = 0 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := DefaultConfig()
			tt.change(&c)
			if err := c.Validate(); errs.Code(err) != errs.Invalid {
				t.Fatalf("Validate = %v, want invalid", err)
			}
			if _, err := New("v", nil, c); errs.Code(err) != errs.Invalid {
				t.Fatalf("New = %v, want invalid", err)
			}
		})
	}
	if err := DefaultConfig().Validate(); err != nil {
		t.Fatal(err)
	}
}
