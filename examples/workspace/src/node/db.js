// The order service talks to the replica with mysql2.
const mysql = require('mysql2/promise');

module.exports = mysql.createPool({
  host: '127.0.0.1',
  port: 3314,
  user: 'orders',
  password: 'example-password',
  database: 'shop',
  rejectUnauthorized: false,
});
