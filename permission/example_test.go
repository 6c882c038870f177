package permission_test

import (
	"fmt"

	"github.com/shieldjs/shieldjs/permission"
)

func ExamplePolicy() {
	p := permission.NewAt(permission.Set{
		Read: permission.Grant{List: []string{"/srv/data"}},
		Net:  permission.Grant{List: []string{"api.example.com:443"}},
	}, "/srv")

	fmt.Println(p.CheckRead("/srv/data/report.csv"))
	fmt.Println(p.CheckRead("/srv/data/../secrets.txt")) // resolved before it is checked
	fmt.Println(p.CheckNet("api.example.com", 443))
	fmt.Println(p.CheckNet("api.example.com", 80))
	// Output:
	// <nil>
	// Requires read access to "/srv/secrets.txt", run again with the --allow-read flag
	// <nil>
	// Requires net access to "api.example.com:80", run again with the --allow-net flag
}
