"""The monthly allowance sheet (bảng thanh toán phụ cấp) of the collaborator network:
prepared from the roster in force, the allowance rules and the monthly reports, approved
by a second staff member, and paid as a whole against the year's network project."""
