"""CSS selectors of the Uzum seller portal per UI version (the portal changes ids, classes and
labels between versions; selector healing builds on this table later)."""

PAGES = "body[data-portal-page]"

SELECTORS = {
    "v1": {"login": "#login", "password": "#password", "signin": "#login-btn",
           "otp": ["#otp-code"], "otp_submit": "#otp-submit", "new_product": "#new-product-link",
           "title": "#title", "sku": "#sku", "price": "#price", "category": "#category",
           "description": "#description", "stock": "#stock", "save": "#save-product",
           "row": "tr.product-row[data-sku='{sku}']", "row_stock": "td.stock", "stock_link": "a.stock-link",
           "stock_input": "#stock-amount", "stock_save": "#save-stock"},
    "v2": {"login": "input[data-field=username]", "password": "input[data-field=password]",
           "signin": "button.btn-primary[data-action=signin]",
           "otp": ["input[data-field=otp]"], "otp_submit": "button[data-action=verify]",
           "new_product": "a[data-action=create-product]",
           "title": "input[data-field=title]", "sku": "input[data-field=sku]", "price": "input[data-field=price]",
           "category": "select[data-field=category]", "description": "textarea[data-field=description]",
           "stock": "input[data-field=stock]", "save": "button[data-action=save]",
           "row": ".product-grid .card[data-sku='{sku}']", "row_stock": "[data-col=stock]",
           "stock_link": "a[data-action=edit-stock]",
           "stock_input": "input[data-field=stock]", "stock_save": "button[data-action=save-stock]"},
    "v3": {"login": "input[name=u]", "password": "input[name=p]", "signin": "input[data-testid=signin-submit]",
           "otp": [f"input.otp-digit[name=d{i}]" for i in range(1, 7)], "otp_submit": "button[data-testid=otp-submit]",
           "new_product": "nav.side-menu a[data-testid=nav-add-item]",
           "title": "input[name=product-title]", "sku": "input[name=vendor-code]", "price": "input[name=price-sum]",
           "category": "select[name=category]", "description": "textarea[name=desc]",
           "stock": "input[name=quantity]", "save": "button[data-testid=submit-product]",
           "row": "li.sku-item[data-sku='{sku}']", "row_stock": "b.qty", "stock_link": "a[data-testid^=stock-]",
           "stock_input": "input[data-testid=stock-input]", "stock_save": "button[data-testid=stock-save]"},
}
