package main

import (
	"database/sql"
	"log"

	_ "github.com/go-sql-driver/mysql"
)

func main() {
	// skip-verify: encrypted, but the server's certificate is not checked.
	db, err := sql.Open("mysql", "api:example-password@tcp(127.0.0.1:3311)/shop?tls=skip-verify&parseTime=true")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
}
